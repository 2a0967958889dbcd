package dev.sonde.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonde.bootstrap.ThreadState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadStateContextStorageTest {

  private static final ContextKey<String> REQUEST = ContextKey.named("request");
  private final ContextStorage storage = ThreadStateContextStorage.INSTANCE;
  private final Context first = Context.root().with(REQUEST, "first");
  private final Context second = Context.root().with(REQUEST, "second");

  @Test
  void aFreshThreadHasNoContextAndAnAttachedOneIsCurrentUntilItsScopeCloses() throws Exception {
    onFreshThread(() -> {
      assertThat(storage.current()).as("nothing attached yet").isNull();
      try (Scope outer = storage.attach(first)) {
        assertThat(storage.current()).isSameAs(first);
        assertThat(ThreadState.current().context).as("kept in the thread's one state")
            .isSameAs(first);
        try (Scope inner = storage.attach(second)) {
          assertThat(storage.current()).isSameAs(second);
        }
        assertThat(storage.current()).as("the inner scope closed").isSameAs(first);
      }
      assertThat(storage.current()).as("back to none").isNull();
    });
  }

  @Test
  void attachingTheCurrentContextAgainChangesNothingWhenClosed() throws Exception {
    onFreshThread(() -> {
      Scope outer = storage.attach(first);
      storage.attach(first).close();
      assertThat(storage.current()).isSameAs(first);
      outer.close();
      assertThat(storage.current()).isNull();
    });
  }

  @Test
  void aScopeClosedOutOfOrderOrTwiceIsIgnored() throws Exception {
    onFreshThread(() -> {
      Scope outer = storage.attach(first);
      Scope inner = storage.attach(second);

      outer.close();
      assertThat(storage.current()).as("the outer scope is not the current one").isSameAs(second);

      inner.close();
      inner.close();
      assertThat(storage.current()).as("a second close of the inner scope").isSameAs(first);
    });
  }

  @Test
  void aScopeClosedOnAnotherThreadLeavesItsThreadAlone() throws Exception {
    onFreshThread(() -> {
      Scope scope = storage.attach(first);
      Thread other = new Thread(scope::close);
      other.start();
      other.join();
      assertThat(storage.current()).isSameAs(first);
      scope.close();
      assertThat(storage.current()).isNull();
    });
  }

  @Test
  void eachThreadHasItsOwnContext() throws Exception {
    onFreshThread(() -> {
      try (Scope scope = storage.attach(first)) {
        AtomicReference<Object> seen = new AtomicReference<Object>("unset");
        Thread other = new Thread(() -> seen.set(storage.current()));
        other.start();
        other.join();
        assertThat(seen.get()).isNull();
      }
    });
  }

  /**
   * OpenTelemetry fixes its storage at the first use of {@code Context}, which the other tests in
   * this JVM may have made: the install is checked in JVMs of their own.
   */
  @Test
  void installedBeforeTheFirstUseItBecomesTheStorageOfEveryContext() throws Exception {
    assertThat(inOwnJvm("early"))
        .contains("installed true")
        .contains("current in thread state true")
        .contains("restored true");
  }

  @Test
  void installedAfterTheFirstUseItSaysSoAndContextsStillWork() throws Exception {
    assertThat(inOwnJvm("late"))
        .contains("installed false")
        .contains("current in thread state false")
        .contains("restored true");
  }

  private static String inOwnJvm(String when) throws Exception {
    Process process = new ProcessBuilder(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", System.getProperty("java.class.path"), InstallCheck.class.getName(), when)
        .redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        output.append(line).append('\n');
      }
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return output.toString();
  }

  /** The child JVM of the install tests: {@code early} or {@code late}, before or after a use. */
  static final class InstallCheck {
    public static void main(String[] args) {
      if (args[0].equals("late")) {
        Context.current();
      }
      System.out.println("installed " + ThreadStateContextStorage.install());
      Context context = Context.root().with(REQUEST, "r");
      try (Scope scope = context.makeCurrent()) {
        System.out.println("current in thread state "
            + (ThreadState.current().context == context && Context.current() == context));
      }
      System.out.println("restored " + (Context.current() == Context.root()));
    }
  }

  private interface Check {
    void run() throws Exception;
  }

  /** The checks on a thread of their own, which starts with no state. */
  private static void onFreshThread(Check check) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<Throwable>();
    Thread thread = new Thread(() -> {
      try {
        check.run();
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
  }
}
