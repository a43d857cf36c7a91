package dev.selene.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.config.SeleneConfig;
import javax.sql.DataSource;

/** What features are built from: the configuration, the database and the JSON mapper. */
public record Services(SeleneConfig config, DataSource db, ObjectMapper json) {}
