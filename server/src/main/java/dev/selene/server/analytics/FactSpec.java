package dev.selene.server.analytics;

/**
 * What one kind of fact row looks like, written twice: aggregated from a rollup table (alias {@code
 * r}) and from the raw run table (alias {@code r}). Both select lists must produce the same columns
 * with the same types, the first {@code groupKeys} of them being the grouping keys.
 *
 * @param rollupFrom the rollup table aliased {@code r}, with any joins; null when the facts can
 *     only be computed from raw runs
 * @param rollupColumns select list over the rollup row
 * @param rollupWhere extra condition on rollup rows (true when none); copied, never changed, by
 *     readers
 * @param rawLateral joins after {@code run r} ("" for none)
 * @param rawColumns select list over the run row
 * @param rawWhere extra condition on raw runs (true when none)
 * @param groupKeys how many leading columns are grouping keys
 * @param rollupFilters whether the rollup table has the filterable columns (type, name, status)
 * @param tagRollupFrom the per-tag rollup aliased {@code r}, over which {@code rollupColumns} and
 *     {@code rollupWhere} mean the same, read instead of {@code rollupFrom} when the filter
 *     requires exactly one tag (see {@link Facts}); null when the facts cannot be read from it
 * @param tagSets the tag-set rollup, read for the other filters on tags; null when the facts cannot
 *     be read from it
 */
record FactSpec(
    String rollupFrom,
    Sql rollupColumns,
    Sql rollupWhere,
    String rawLateral,
    Sql rawColumns,
    String rawWhere,
    int groupKeys,
    boolean rollupFilters,
    String tagRollupFrom,
    TagSets tagSets) {

  /**
   * Reading the tag-set rollup.
   *
   * @param from {@code rollup_tag_set_hourly} aliased {@code r} (with its {@code tags}), with any
   *     joins, over which {@code rollupColumns} and {@code rollupWhere} mean the same
   * @param onlyTaggedRuns whether the facts are about tagged runs only (runs per tag), so that any
   *     filter the rows can evaluate is answered, not only filters that require a tag
   */
  record TagSets(String from, boolean onlyTaggedRuns) {}

  /** A spec whose rollup side needs no extra condition. */
  FactSpec(
      String rollupFrom,
      String rollupColumns,
      String rawLateral,
      Sql rawColumns,
      String rawWhere,
      int groupKeys,
      boolean rollupFilters) {
    this(
        rollupFrom,
        Sql.of(rollupColumns),
        Sql.of("true"),
        rawLateral,
        rawColumns,
        rawWhere,
        groupKeys,
        rollupFilters,
        null,
        null);
  }

  /**
   * The same facts, also readable from the per-tag rollup {@code tagRollupFrom} (null: not from it)
   * and the tag-set rollup.
   */
  FactSpec withTagRollups(String tagRollupFrom, TagSets tagSets) {
    return new FactSpec(
        rollupFrom,
        rollupColumns,
        rollupWhere,
        rawLateral,
        rawColumns,
        rawWhere,
        groupKeys,
        rollupFilters,
        tagRollupFrom,
        tagSets);
  }
}
