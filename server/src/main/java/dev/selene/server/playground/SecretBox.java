package dev.selene.server.playground;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts stored secrets (endpoint tokens, passwords, provider API keys) with AES-256-GCM. The key
 * is derived from the server secret with HMAC-SHA256 under a fixed label, so the same server secret
 * is never used directly for two purposes. Each value gets a random 96-bit IV, and the project id
 * is authenticated data: a ciphertext copied into another project does not decrypt. Stored form:
 * {@code v1:<base64(iv || ciphertext || tag)>}.
 */
final class SecretBox {
  private static final String PREFIX = "v1:";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  SecretBox(String serverSecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(serverSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] derived = mac.doFinal("selene/playground-secrets/v1".getBytes(StandardCharsets.UTF_8));
      this.key = new SecretKeySpec(derived, "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM key derivation unavailable", e);
    }
  }

  String seal(UUID project, String secret) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(aad(project));
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return PREFIX
          + Base64.getEncoder()
              .encodeToString(
                  ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("secret encryption failed", e);
    }
  }

  /** The clear secret, or empty when it cannot be decrypted (the server secret changed). */
  Optional<String> open(UUID project, String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      if (all.length < IV_BYTES + TAG_BITS / 8) {
        return Optional.empty();
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
      cipher.updateAAD(aad(project));
      byte[] clear = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
      return Optional.of(new String(clear, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException
        | IllegalArgumentException
        | java.security.ProviderException e) {
      return Optional.empty();
    }
  }

  private static byte[] aad(UUID project) {
    return project.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** What list responses show of a secret: its last four characters at most. */
  static String mask(String secret) {
    if (secret == null) {
      return null;
    }
    return secret.length() >= 12 ? "****" + secret.substring(secret.length() - 4) : "****";
  }

  static boolean isMask(String value) {
    return value != null && value.startsWith("****");
  }
}
