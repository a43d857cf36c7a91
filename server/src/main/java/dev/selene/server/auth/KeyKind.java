package dev.selene.server.auth;

/** What a credential is allowed to do. */
public enum KeyKind {
  /** A project's public key: ingestion and the few read routes the browser SDK needs. */
  PUBLIC,
  /** A project's private key: everything in that project. */
  PRIVATE,
  /** An organisation key: only the org-level analytics route. */
  ORG_PRIVATE,
  /** A dashboard session (JWT) of an account. */
  ACCOUNT;

  static KeyKind fromColumn(String type) {
    return switch (type) {
      case "public" -> PUBLIC;
      case "private" -> PRIVATE;
      case "org_private" -> ORG_PRIVATE;
      default -> throw new IllegalStateException("unknown api_key.type " + type);
    };
  }
}
