package dev.selene.server.analytics;

/** One value of a time series: the bucket's start (ISO-8601, UTC), the value, the series name. */
record Point(String date, Number value, String name) {}
