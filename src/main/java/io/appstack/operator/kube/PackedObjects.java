package io.appstack.operator.kube;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Texts deflated against a dictionary of the first texts seen: a store's objects are the same child of every stack,
 * so each is mostly a repeat of the dictionary (names, uids, times and generated values are what remain). A text
 * that deflates to more than a quarter of its length is a new shape and joins the dictionary, up to {@value
 * #MAX_ADDITIONS} times and deflate's window of 32 KiB; each packed text keeps the dictionary it was packed with.
 * Thread-safe; deflaters and inflaters (native zlib state) are pooled, a few kept.
 */
final class PackedObjects {
  static final int MAX_ADDITIONS = 4;
  private static final int WINDOW = 32 * 1024;
  private static final int POOLED = 4;
  private static final ConcurrentLinkedQueue<Deflater> DEFLATERS = new ConcurrentLinkedQueue<>();
  private static final ConcurrentLinkedQueue<Inflater> INFLATERS = new ConcurrentLinkedQueue<>();

  /** A packed text: its bytes, deflated against {@code dictionary}, and its length unpacked. */
  record Packed(byte[] dictionary, byte[] bytes, int length) {}

  private volatile byte[] dictionary = new byte[0];
  private int additions;

  Packed pack(byte[] text) {
    byte[] dict = dictionary;
    byte[] packed = deflate(text, dict);
    if (packed.length * 4 > text.length && addToDictionary(dict, text)) {
      dict = dictionary;
      packed = deflate(text, dict);
    }
    return new Packed(dict, packed, text.length);
  }

  byte[] unpack(Packed packed) {
    Inflater inflater = INFLATERS.poll();
    if (inflater == null) {
      inflater = new Inflater(true);
    }
    try {
      inflater.setInput(packed.bytes());
      if (packed.dictionary().length > 0) {
        inflater.setDictionary(packed.dictionary());
      }
      byte[] text = new byte[packed.length()];
      int read = 0;
      while (read < text.length) {
        int n = inflater.inflate(text, read, text.length - read);
        if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalStateException("a packed object is truncated");
        }
        read += n;
      }
      return text;
    } catch (DataFormatException e) {
      throw new IllegalStateException("a packed object is corrupt", e);
    } finally {
      release(INFLATERS, inflater, inflater::reset, inflater::end);
    }
  }

  private synchronized boolean addToDictionary(byte[] seen, byte[] text) {
    if (dictionary != seen) {
      return true; // another thread added one meanwhile: pack against it
    }
    if (additions >= MAX_ADDITIONS || dictionary.length >= WINDOW) {
      return false;
    }
    additions++;
    // Deflate looks back from the end of the dictionary, so the newest text goes last; the oldest falls out.
    byte[] grown = Arrays.copyOf(dictionary, dictionary.length + text.length);
    System.arraycopy(text, 0, grown, dictionary.length, text.length);
    dictionary = grown.length <= WINDOW ? grown : Arrays.copyOfRange(grown, grown.length - WINDOW, grown.length);
    return true;
  }

  private static byte[] deflate(byte[] text, byte[] dictionary) {
    Deflater deflater = DEFLATERS.poll();
    if (deflater == null) {
      deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    }
    try {
      if (dictionary.length > 0) {
        deflater.setDictionary(dictionary);
      }
      deflater.setInput(text);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, text.length / 4));
      byte[] buffer = new byte[Math.max(256, text.length / 2)];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      release(DEFLATERS, deflater, deflater::reset, deflater::end);
    }
  }

  private static <T> void release(ConcurrentLinkedQueue<T> pool, T zlib, Runnable reset, Runnable end) {
    if (pool.size() < POOLED) {
      reset.run();
      pool.offer(zlib);
    } else {
      end.run();
    }
  }
}
