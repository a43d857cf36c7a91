package dev.selene.sdk.openai;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.selene.sdk.Run;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The stream handed back to the application: chunks pass through unchanged while being accumulated;
 * the run ends when the stream is exhausted or closed, or fails with its error.
 */
final class TrackedStream implements StreamResponse<ChatCompletionChunk> {
  private final StreamResponse<ChatCompletionChunk> delegate;
  private final StreamRecorder recorder;

  TrackedStream(StreamResponse<ChatCompletionChunk> delegate, Run run) {
    this.delegate = delegate;
    this.recorder = new StreamRecorder(run);
  }

  @Override
  public Stream<ChatCompletionChunk> stream() {
    Stream<ChatCompletionChunk> source = delegate.stream();
    Spliterator<ChatCompletionChunk> inner = source.spliterator();
    Spliterator<ChatCompletionChunk> tracked =
        new Spliterator<>() {
          @Override
          public boolean tryAdvance(Consumer<? super ChatCompletionChunk> action) {
            boolean more;
            try {
              more =
                  inner.tryAdvance(
                      chunk -> {
                        recorder.observe(chunk);
                        action.accept(chunk);
                      });
            } catch (RuntimeException | Error e) {
              recorder.fail(e);
              throw e;
            }
            if (!more) recorder.finish();
            return more;
          }

          @Override
          public Spliterator<ChatCompletionChunk> trySplit() {
            return null;
          }

          @Override
          public long estimateSize() {
            return Long.MAX_VALUE;
          }

          @Override
          public int characteristics() {
            return ORDERED | NONNULL;
          }
        };
    return StreamSupport.stream(tracked, false).onClose(source::close);
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      recorder.finish();
    }
  }
}
