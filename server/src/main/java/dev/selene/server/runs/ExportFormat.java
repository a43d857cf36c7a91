package dev.selene.server.runs;

import dev.selene.server.http.ApiException;

/** The formats of {@code GET /v1/runs/export}. */
enum ExportFormat {
  /** One row per run, the formatted run's keys as the header, nested values as JSON. */
  CSV("csv", "text/csv; charset=utf-8", "export.csv"),
  /** One formatted run per line. */
  JSONL("jsonl", "application/jsonl", "export.jsonl"),
  /** OpenAI fine-tuning lines {@code {"messages": [...]}} for runs made of chat messages. */
  OJSONL("ojsonl", "application/jsonl", "export.jsonl");

  final String param;
  final String contentType;
  final String fileName;

  ExportFormat(String param, String contentType, String fileName) {
    this.param = param;
    this.contentType = contentType;
    this.fileName = fileName;
  }

  static ExportFormat parse(String value) {
    for (ExportFormat format : values()) {
      if (format.param.equals(value)) {
        return format;
      }
    }
    throw ApiException.invalid(
        "exportFormat",
        value == null || value.isEmpty()
            ? "required: csv, jsonl or ojsonl"
            : "must be csv, jsonl or ojsonl");
  }
}
