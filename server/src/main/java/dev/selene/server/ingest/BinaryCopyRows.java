package dev.selene.server.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Rows in PostgreSQL's binary COPY format, built in memory: a header, then per row its field count
 * and each field as a length (-1 for null) and its bytes in the type's binary form; {@link #end()}
 * writes the trailer.
 */
final class BinaryCopyRows {
  private static final int TEXT_OID = 25;

  /** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01 UTC. */
  private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

  private static final byte[] HEADER = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  private byte[] buf;
  private int count;

  BinaryCopyRows(int size) {
    buf = new byte[Math.max(size, HEADER.length + 2)];
    write(HEADER);
  }

  void startRow(int fields) {
    writeShort(fields);
  }

  void end() {
    writeShort(-1);
  }

  void nullField() {
    writeInt(-1);
  }

  /** A jsonb field from the JSON's UTF-8 text: jsonb's binary form is a version byte, then it. */
  void jsonb(byte[] utf8) {
    writeInt(utf8.length + 1);
    write(1);
    write(utf8, 0, utf8.length);
  }

  byte[] bytes() {
    return buf;
  }

  int size() {
    return count;
  }

  private void ensure(int more) {
    if (count + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
    }
  }

  private void write(int b) {
    ensure(1);
    buf[count++] = (byte) b;
  }

  private void write(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  private void write(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buf, count, length);
    count += length;
  }

  private void writeShort(int v) {
    ensure(2);
    buf[count++] = (byte) (v >>> 8);
    buf[count++] = (byte) v;
  }

  private void writeInt(int v) {
    ensure(4);
    buf[count++] = (byte) (v >>> 24);
    buf[count++] = (byte) (v >>> 16);
    buf[count++] = (byte) (v >>> 8);
    buf[count++] = (byte) v;
  }

  private void writeLong(long v) {
    writeInt((int) (v >>> 32));
    writeInt((int) v);
  }

  void int4(Integer v) {
    if (v == null) {
      writeInt(-1);
    } else {
      writeInt(4);
      writeInt(v);
    }
  }

  void int8(Long v) {
    if (v == null) {
      writeInt(-1);
    } else {
      writeInt(8);
      writeLong(v);
    }
  }

  void float8(Double v) {
    int8(v == null ? null : Double.doubleToLongBits(v));
  }

  void bool(boolean v) {
    writeInt(1);
    write(v ? 1 : 0);
  }

  void uuid(UUID v) {
    if (v == null) {
      writeInt(-1);
    } else {
      writeInt(16);
      writeLong(v.getMostSignificantBits());
      writeLong(v.getLeastSignificantBits());
    }
  }

  void text(String v) {
    if (v == null) {
      writeInt(-1);
    } else {
      byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
      writeInt(bytes.length);
      write(bytes, 0, bytes.length);
    }
  }

  /** A one-dimensional text array: dimensions, null flag, element type, length, lower bound. */
  void textArray(List<String> values) {
    if (values == null) {
      writeInt(-1);
      return;
    }
    byte[][] elements = new byte[values.size()][];
    int size = 20;
    boolean hasNull = false;
    for (int i = 0; i < elements.length; i++) {
      String v = values.get(i);
      elements[i] = v == null ? null : v.getBytes(StandardCharsets.UTF_8);
      size += 4 + (v == null ? 0 : elements[i].length);
      hasNull |= v == null;
    }
    if (elements.length == 0) {
      // An empty array has no dimensions.
      writeInt(12);
      writeInt(0);
      writeInt(0);
      writeInt(TEXT_OID);
      return;
    }
    writeInt(size);
    writeInt(1);
    writeInt(hasNull ? 1 : 0);
    writeInt(TEXT_OID);
    writeInt(elements.length);
    writeInt(1);
    for (byte[] e : elements) {
      if (e == null) {
        writeInt(-1);
      } else {
        writeInt(e.length);
        write(e, 0, e.length);
      }
    }
  }

  /** Microseconds since 2000-01-01 UTC, rounded half to even as PostgreSQL rounds the text form. */
  void timestamp(Instant v) {
    if (v == null) {
      writeInt(-1);
      return;
    }
    long micros = Math.multiplyExact(v.getEpochSecond(), 1_000_000L) + v.getNano() / 1000;
    int rest = v.getNano() % 1000;
    if (rest > 500 || (rest == 500 && (micros & 1) == 1)) {
      micros++;
    }
    writeInt(8);
    writeLong(micros - POSTGRES_EPOCH_MICROS);
  }
}
