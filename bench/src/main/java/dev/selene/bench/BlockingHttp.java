package dev.selene.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection, used by one load thread: writes a POST and reads the whole
 * response, blocking. The load generator shares the server's two cores, so what it spends per
 * request is taken from the server being measured: {@code java.net.http.HttpClient} (selector
 * thread, futures, buffer copies) cost about as much CPU per event as a fifth of the server's own
 * JVM work (bench/README.md, "Session 15"). This is the least a client can do over HTTP/1.1: one
 * write, one read loop, no thread hand-offs.
 */
final class BlockingHttp implements AutoCloseable {
  private final String host;
  private final int port;
  private final byte[] headPrefix;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  /** A connection to {@code url}'s host and port, sending {@code key} and {@code contentType}. */
  BlockingHttp(String url, String path, String key, String contentType) {
    URI uri = URI.create(url);
    this.host = uri.getHost();
    this.port = uri.getPort() == -1 ? 80 : uri.getPort();
    this.headPrefix =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + ":"
                + port
                + "\r\nAuthorization: Bearer "
                + key
                + "\r\nContent-Type: "
                + contentType
                + "\r\nContent-Length: ")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** Posts {@code body}; returns the status code once the whole response has been read. */
  int post(byte[] body) throws IOException {
    if (socket == null) {
      connect();
    }
    try {
      out.write(headPrefix);
      out.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return readResponse();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 5_000);
    socket.setSoTimeout(60_000);
    // The head and the body go out in one segment when they fit the buffer.
    out = new BufferedOutputStream(socket.getOutputStream(), 256 * 1024);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
  }

  private int readResponse() throws IOException {
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        closes = true;
      }
    }
    if (chunked) {
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        skip(size);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (length >= 0) {
      skip(length);
    } else {
      closes = true;
      in.transferTo(OutputStream.nullOutputStream());
    }
    if (closes) {
      close();
    }
    return code;
  }

  private long chunkSize() throws IOException {
    String size = line();
    int extension = size.indexOf(';');
    return Long.parseLong(extension < 0 ? size.trim() : size.substring(0, extension).trim(), 16);
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed in the middle of a response");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  /** A header line without its CRLF. */
  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed in the middle of a response");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a broken connection
      }
      socket = null;
    }
  }
}
