package dev.selene.sdk.openai;

import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The asynchronous stream: the subscriber's handler sees every chunk after the recorder. */
final class TrackedAsyncStream implements AsyncStreamResponse<ChatCompletionChunk> {
  private final AsyncStreamResponse<ChatCompletionChunk> delegate;
  private final StreamRecorder recorder;

  TrackedAsyncStream(AsyncStreamResponse<ChatCompletionChunk> delegate, StreamRecorder recorder) {
    this.delegate = delegate;
    this.recorder = recorder;
  }

  @Override
  public AsyncStreamResponse<ChatCompletionChunk> subscribe(
      AsyncStreamResponse.Handler<? super ChatCompletionChunk> handler) {
    delegate.subscribe(tracking(handler));
    return this;
  }

  @Override
  public AsyncStreamResponse<ChatCompletionChunk> subscribe(
      AsyncStreamResponse.Handler<? super ChatCompletionChunk> handler, Executor executor) {
    delegate.subscribe(tracking(handler), executor);
    return this;
  }

  private AsyncStreamResponse.Handler<ChatCompletionChunk> tracking(
      AsyncStreamResponse.Handler<? super ChatCompletionChunk> handler) {
    return new AsyncStreamResponse.Handler<>() {
      @Override
      public void onNext(ChatCompletionChunk chunk) {
        recorder.observe(chunk);
        handler.onNext(chunk);
      }

      @Override
      public void onComplete(Optional<Throwable> error) {
        if (error.isPresent()) {
          recorder.fail(error.get());
        } else {
          recorder.finish();
        }
        handler.onComplete(error);
      }
    };
  }

  @Override
  public CompletableFuture<Void> onCompleteFuture() {
    return delegate.onCompleteFuture();
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
