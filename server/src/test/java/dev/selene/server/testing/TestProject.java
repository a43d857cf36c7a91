package dev.selene.server.testing;

import java.util.UUID;

/** A project created for one test, with its keys. */
public record TestProject(
    UUID orgId, UUID id, String publicKey, String privateKey, String orgKey) {}
