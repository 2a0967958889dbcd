package dev.sonde.instrumentation.lettuce;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.sonde.bootstrap.lettuce.LettuceHooks;
import dev.sonde.instrumentation.api.InstrumentationModule;
import dev.sonde.instrumentation.api.LibraryShape;
import dev.sonde.instrumentation.api.SuperTypes;
import dev.sonde.instrumentation.api.Telemetry;
import dev.sonde.instrumentation.api.TypeInstrumentation;
import dev.sonde.instrumentation.api.redis.RedisCommandRecorder;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Lettuce 6.x and 7.x ({@code io.lettuce:lettuce-core}). Two points:
 *
 * <ul>
 *   <li>{@code RedisChannelHandler.dispatch(RedisCommand)} and {@code dispatch(Collection)}:
 *       every connection (standalone, pub/sub, sentinel, cluster, master/replica) sends the
 *       application's commands through its base class's {@code dispatch}, on the thread that
 *       issued them: the sync API is a proxy over the async one, the reactive API dispatches on
 *       subscription. The connection handshake writes to the channel directly: its
 *       {@code HELLO}/{@code AUTH} are not recorded.
 *   <li>{@code complete()}, {@code completeExceptionally(Throwable)}, {@code cancel()} and
 *       {@code cancel(boolean)} of Lettuce's command classes, where a command ends, on the I/O
 *       thread.
 * </ul>
 */
public final class LettuceInstrumentation implements InstrumentationModule {

  private static final String CHANNEL_HANDLER = "io.lettuce.core.RedisChannelHandler";
  private static final String REDIS_COMMAND = "io.lettuce.core.protocol.RedisCommand";

  @Override
  public String name() {
    return "lettuce";
  }

  @Override
  public LibraryShape shape() {
    return LibraryShape.requires(CHANNEL_HANDLER, "dispatch", "getChannelWriter")
        .and(REDIS_COMMAND, "getType", "getArgs", "getOutput", "complete",
            "completeExceptionally", "cancel")
        // Lettuce 6.0 and later (RESP3); 5.x is not supported.
        .and("io.lettuce.core.protocol.ProtocolVersion");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    ElementMatcher.Junction<TypeDescription> handler = named(CHANNEL_HANDLER);
    // Lettuce's own command classes (the name test first: it is what keeps the match cheap for
    // every other class loaded).
    ElementMatcher.Junction<TypeDescription> commands = nameStartsWith("io.lettuce.")
        .and(SuperTypes.implementing(REDIS_COMMAND));
    return Arrays.asList(
        TypeInstrumentation.of(handler,
            named("dispatch").and(takesArguments(1))
                .and(takesArgument(0, named(REDIS_COMMAND))),
            DispatchAdvice.class),
        TypeInstrumentation.of(handler,
            named("dispatch").and(takesArguments(1)).and(takesArgument(0, Collection.class)),
            DispatchBatchAdvice.class),
        TypeInstrumentation.of(commands,
            concrete(named("complete")).and(takesArguments(0)),
            CompleteAdvice.class),
        TypeInstrumentation.of(commands,
            concrete(named("completeExceptionally")).and(takesArguments(Throwable.class)),
            CompleteExceptionallyAdvice.class),
        TypeInstrumentation.of(commands,
            concrete(named("cancel")).and(takesArguments(0).or(takesArguments(boolean.class))),
            CancelAdvice.class));
  }

  @Override
  public void start(Telemetry telemetry) {
    LettuceHooks.hook = new LettuceRecorder(RedisCommandRecorder.of(telemetry),
        telemetry.config().getBoolean(RedisCommandRecorder.CAPTURE_ARGS, false),
        LettuceRecorder.MAX_IN_FLIGHT);
  }

  private static ElementMatcher.Junction<MethodDescription> concrete(
      ElementMatcher.Junction<MethodDescription> methods) {
    return methods.and(not(isAbstract())).and(not(isStatic()));
  }
}
