package dev.sonde.instrumentation.lettuce;

import static dev.sonde.instrumentation.api.reflect.LibraryMembers.accessible;
import static dev.sonde.instrumentation.api.reflect.LibraryMembers.declaredMethod;
import static dev.sonde.instrumentation.api.reflect.LibraryMembers.field;
import static dev.sonde.instrumentation.api.reflect.LibraryMembers.get;
import static dev.sonde.instrumentation.api.reflect.LibraryMembers.interfaceNamed;
import static dev.sonde.instrumentation.api.reflect.LibraryMembers.invoke;
import static dev.sonde.instrumentation.api.reflect.LibraryMembers.publicMethod;
import static dev.sonde.instrumentation.api.reflect.LibraryMembers.superclassNamed;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.Collection;
import java.util.List;

/**
 * Reads Lettuce's objects from the agent's class loader, which cannot link against them: every
 * method and field is looked up once per class (a {@link ClassValue}) and called reflectively
 * ({@code LibraryMembers}). Anything missing (another Lettuce version, a class the agent does not
 * know) reads as unknown, never as an error.
 *
 * <p>Only the reply conversion and the argument count run for every command; arguments,
 * addresses and the database are read for sampled spans only.
 */
final class LettuceAccess {

  static final String COMMAND_ARGS = "io.lettuce.core.protocol.CommandArgs";
  static final String COMMAND_OUTPUT = "io.lettuce.core.output.CommandOutput";
  static final String STREAMING_OUTPUT = "io.lettuce.core.output.StreamingOutput";
  static final String LIST_SUBSCRIBER = "io.lettuce.core.output.ListSubscriber";
  static final String VALUE = "io.lettuce.core.Value";
  static final String TRANSACTIONAL_COMMAND = "io.lettuce.core.protocol.TransactionalCommand";
  static final String REDIS_CODEC = "io.lettuce.core.codec.RedisCodec";
  static final String NETTY_CHANNEL = "io.netty.channel.Channel";
  static final String EXCEPTION_FACTORY = "io.lettuce.core.internal.ExceptionFactory";

  /** What an argument that must not be shown, or could not be read, is shown as. */
  static final String HIDDEN = "?";
  /** Arguments decoded for {@code db.query.text} at most; the text is cut well before. */
  static final int MAX_ARGS = 64;
  /** Bytes of a binary argument kept: the query text shows 64 characters of each. */
  static final int MAX_ARG_BYTES = 260;
  /** Delegating channel writers followed to find the connection's channel. */
  private static final int MAX_WRITER_DEPTH = 6;

  /** A reply that arrived as a stream to a reactive subscriber: its values were not kept. */
  static final Object STREAMED = new Object();

  /** The one argument of {@code Value.getValueOrElse(null)}. */
  private static final Object[] NULL_ARG = new Object[1];

  private static final Object[][] PLACEHOLDERS = new Object[33][];

  static {
    for (int i = 0; i < PLACEHOLDERS.length; i++) {
      Object[] args = new Object[i];
      java.util.Arrays.fill(args, HIDDEN);
      PLACEHOLDERS[i] = args;
    }
  }

  private LettuceAccess() {}

  // ---------------------------------------------------------------- commands and arguments

  /** {@code TransactionalCommand} (inside MULTI) → the command it wraps, which completes once. */
  static Object owner(Object command) {
    Method delegate = TRANSACTIONAL_DELEGATE.get(command.getClass());
    if (delegate == null) {
      return command;
    }
    Object inner = invoke(delegate, command);
    return inner != null ? inner : command;
  }

  /** {@code CommandArgs.count()}, 0 when there are none. */
  static int argumentCount(Object args) {
    if (args == null) {
      return 0;
    }
    Object count = invoke(ARGS_COUNT.get(args.getClass()), args);
    return count instanceof Integer ? (Integer) count : 0;
  }

  /** {@code count} shown-nothing arguments: the shape the recorder needs without reading them. */
  static Object[] placeholders(int count) {
    if (count < PLACEHOLDERS.length) {
      return PLACEHOLDERS[count];
    }
    Object[] args = new Object[count];
    java.util.Arrays.fill(args, HIDDEN);
    return args;
  }

  /**
   * The arguments as values the query text can show ({@code String}, {@code byte[]},
   * numbers): the first {@code decoded} of them read, the others {@value #HIDDEN}. A
   * {@code char[]} argument (how Lettuce passes passwords) is never read.
   */
  static Object[] arguments(Object args, int decoded) {
    if (args == null) {
      return PLACEHOLDERS[0];
    }
    Field field = SINGULAR_ARGUMENTS.get(args.getClass());
    Object list = field == null ? null : get(field, args);
    if (!(list instanceof List)) {
      return placeholders(argumentCount(args));
    }
    List<?> singular = (List<?>) list;
    int count = singular.size();
    Object[] values = new Object[count];
    int limit = Math.min(Math.min(count, decoded), MAX_ARGS);
    for (int i = 0; i < count; i++) {
      values[i] = i < limit ? argument(singular.get(i)) : HIDDEN;
    }
    return values;
  }

  /** One {@code CommandArgs.SingularArgument}. */
  static Object argument(Object argument) {
    if (argument == null) {
      return HIDDEN;
    }
    ArgumentReader reader = ARGUMENT_READERS.get(argument.getClass());
    try {
      return reader.read(argument);
    } catch (Throwable e) {
      return HIDDEN;
    }
  }

  /** How one class of argument is read. */
  private abstract static class ArgumentReader {
    abstract Object read(Object argument) throws Exception;
  }

  /** Keyword, string, integer and double arguments: their {@code toString} is their value. */
  private static final ArgumentReader TO_STRING = new ArgumentReader() {
    @Override
    Object read(Object argument) {
      return argument.toString();
    }
  };

  private static final ArgumentReader NOT_SHOWN = new ArgumentReader() {
    @Override
    Object read(Object argument) {
      return HIDDEN;
    }
  };

  /** A field holding the value itself (a {@code byte[]}). */
  private static final class FieldReader extends ArgumentReader {
    private final Field value;

    FieldReader(Field value) {
      this.value = value;
    }

    @Override
    Object read(Object argument) throws Exception {
      return shown(value.get(argument), null, null);
    }
  }

  /** A key or value with its codec: encoded by the codec when it is not plain text already. */
  private static final class CodecReader extends ArgumentReader {
    private final Field value;
    private final Field codec;
    private final String encode;

    CodecReader(Field value, Field codec, String encode) {
      this.value = value;
      this.codec = codec;
      this.encode = encode;
    }

    @Override
    Object read(Object argument) throws Exception {
      return shown(value.get(argument), codec.get(argument), encode);
    }
  }

  /** A key or value as the query text can show it. */
  static Object shown(Object value, Object codec, String encode) {
    if (value == null || value instanceof String || value instanceof Number
        || value instanceof Boolean || value instanceof Character) {
      return value;
    }
    if (value instanceof byte[]) {
      byte[] bytes = (byte[]) value;
      return bytes.length <= MAX_ARG_BYTES ? bytes : java.util.Arrays.copyOf(bytes, MAX_ARG_BYTES);
    }
    if (value instanceof char[]) {
      return HIDDEN;
    }
    if (value instanceof ByteBuffer) {
      return bytes((ByteBuffer) value);
    }
    if (codec != null) {
      Method method = CODEC_METHODS.get(codec.getClass())[encode.equals("encodeKey") ? 0 : 1];
      Object encoded = invoke(method, codec, new Object[] {value});
      if (encoded instanceof ByteBuffer) {
        return bytes((ByteBuffer) encoded);
      }
    }
    return HIDDEN;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[Math.min(copy.remaining(), MAX_ARG_BYTES)];
    copy.get(bytes);
    return bytes;
  }

  // ---------------------------------------------------------------- replies

  /** The output's error reply ({@code CommandOutput.getError()}), or null. */
  static String error(Object output) {
    if (output == null) {
      return null;
    }
    OutputMethods methods = OUTPUT_METHODS.get(output.getClass());
    if (methods.getError == null) {
      return null;
    }
    Object error = invoke(methods.getError, output);
    return error instanceof String ? (String) error : null;
  }

  /**
   * The output's value as a plain Java value: {@code Value}/{@code KeyValue} become their value
   * or null, lists of them lists of values (a view, converted as read). {@link #STREAMED} when
   * the values went to a reactive subscriber as they arrived and the output kept none.
   */
  static Object reply(Object output) {
    if (output == null) {
      return null;
    }
    OutputMethods methods = OUTPUT_METHODS.get(output.getClass());
    if (methods.get == null) {
      return null;
    }
    Object value = invoke(methods.get, output);
    if (value instanceof Collection && ((Collection<?>) value).isEmpty()
        && methods.getSubscriber != null) {
      Object subscriber = invoke(methods.getSubscriber, output);
      if (subscriber != null && !isListSubscriber(subscriber.getClass())) {
        return STREAMED;
      }
    }
    return plain(value);
  }

  /** A reply value as the recorder takes it. */
  static Object plain(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof List) {
      return new PlainList((List<?>) value);
    }
    Method unwrap = VALUE_OF.get(value.getClass());
    return unwrap == null ? value : invoke(unwrap, value, NULL_ARG);
  }

  /** A list reply whose {@code Value} elements read as their value or null. */
  private static final class PlainList extends AbstractList<Object> {
    private final List<?> list;

    PlainList(List<?> list) {
      this.list = list;
    }

    @Override
    public Object get(int index) {
      Object element = list.get(index);
      if (element == null) {
        return null;
      }
      Method unwrap = VALUE_OF.get(element.getClass());
      return unwrap == null ? element : invoke(unwrap, element, NULL_ARG);
    }

    @Override
    public int size() {
      return list.size();
    }
  }

  /**
   * The exception Lettuce itself raises for an error reply ({@code ExceptionFactory}), found
   * through the output's class loader; a plain {@code RuntimeException} when it cannot be made.
   */
  static Throwable errorReply(Object output, String message) {
    Method factory = EXCEPTION_FACTORIES.get(output.getClass());
    Object error = factory == null ? null : invoke(factory, null, new Object[] {message});
    return error instanceof Throwable ? (Throwable) error : new RuntimeException(message);
  }

  // ---------------------------------------------------------------- connections

  /** The server a connection talks to, or null: the remote address of its current channel. */
  static InetSocketAddress server(Object connection) {
    if (connection == null) {
      return null;
    }
    Method writerOf = CHANNEL_WRITER.get(connection.getClass());
    Object writer = writerOf == null ? null : invoke(writerOf, connection);
    for (int depth = 0; writer != null && depth < MAX_WRITER_DEPTH; depth++) {
      WriterAccess access = WRITERS.get(writer.getClass());
      if (access.channel != null) {
        Object channel = get(access.channel, writer);
        if (channel == null) {
          return null;
        }
        Method remoteAddress = REMOTE_ADDRESS.get(channel.getClass());
        Object address = remoteAddress == null ? null : invoke(remoteAddress, channel);
        return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
      }
      writer = access.delegate == null ? null : invoke(access.delegate, writer);
    }
    return null;
  }

  /** The connection's database index (from its URI, then {@code SELECT}), or -1. */
  static long database(Object connection) {
    if (connection == null) {
      return -1;
    }
    Method stateOf = CONNECTION_STATE.get(connection.getClass());
    Object state = stateOf == null ? null : invoke(stateOf, connection);
    if (state == null) {
      return -1;
    }
    Field db = DATABASE.get(state.getClass());
    Object value = db == null ? null : get(db, state);
    return value instanceof Integer ? (Integer) value : -1;
  }

  // ---------------------------------------------------------------- per-class look-ups

  private static final ClassValue<Method> TRANSACTIONAL_DELEGATE = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      Class<?> transactional = superclassNamed(type, TRANSACTIONAL_COMMAND);
      return transactional == null ? null : publicMethod(transactional, "getDelegate");
    }
  };

  private static final ClassValue<Method> ARGS_COUNT = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      Class<?> args = superclassNamed(type, COMMAND_ARGS);
      return args == null ? null : publicMethod(args, "count");
    }
  };

  private static final ClassValue<Field> SINGULAR_ARGUMENTS = new ClassValue<Field>() {
    @Override
    protected Field computeValue(Class<?> type) {
      Class<?> args = superclassNamed(type, COMMAND_ARGS);
      return args == null ? null : field(args, "singularArguments");
    }
  };

  private static final ClassValue<ArgumentReader> ARGUMENT_READERS =
      new ClassValue<ArgumentReader>() {
        @Override
        protected ArgumentReader computeValue(Class<?> type) {
          String name = type.getName();
          if (!name.startsWith(COMMAND_ARGS + "$")) {
            return NOT_SHOWN;
          }
          String kind = name.substring(COMMAND_ARGS.length() + 1);
          if (kind.equals("KeyArgument") || kind.equals("ValueArgument")) {
            Field value = field(type, kind.equals("KeyArgument") ? "key" : "val");
            Field codec = field(type, "codec");
            return value == null || codec == null ? NOT_SHOWN : new CodecReader(value, codec,
                kind.equals("KeyArgument") ? "encodeKey" : "encodeValue");
          }
          if (kind.equals("BytesArgument")) {
            Field value = field(type, "val");
            return value == null ? NOT_SHOWN : new FieldReader(value);
          }
          if (kind.equals("ProtocolKeywordArgument") || kind.equals("StringArgument")
              || kind.equals("IntegerArgument") || kind.equals("DoubleArgument")) {
            return TO_STRING;
          }
          // CharArrayArgument (passwords) and any kind this version of the agent does not know.
          return NOT_SHOWN;
        }
      };

  private static final ClassValue<Method[]> CODEC_METHODS = new ClassValue<Method[]>() {
    @Override
    protected Method[] computeValue(Class<?> type) {
      Class<?> codec = interfaceNamed(type, REDIS_CODEC);
      return new Method[] {
          codec == null ? null : publicMethod(codec, "encodeKey", Object.class),
          codec == null ? null : publicMethod(codec, "encodeValue", Object.class)};
    }
  };

  /** The methods of one output class. */
  private static final class OutputMethods {
    final Method get;
    final Method getError;
    /** {@code StreamingOutput.getSubscriber()}, null when the output does not stream. */
    final Method getSubscriber;

    OutputMethods(Method get, Method getError, Method getSubscriber) {
      this.get = get;
      this.getError = getError;
      this.getSubscriber = getSubscriber;
    }
  }

  private static final ClassValue<OutputMethods> OUTPUT_METHODS = new ClassValue<OutputMethods>() {
    @Override
    protected OutputMethods computeValue(Class<?> type) {
      Class<?> output = superclassNamed(type, COMMAND_OUTPUT);
      Class<?> streaming = interfaceNamed(type, STREAMING_OUTPUT);
      return new OutputMethods(
          output == null ? null : publicMethod(output, "get"),
          output == null ? null : publicMethod(output, "getError"),
          streaming == null ? null : publicMethod(streaming, "getSubscriber"));
    }
  };

  private static final ClassValue<Boolean> LIST_SUBSCRIBERS = new ClassValue<Boolean>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      // RedisPublisher's CompositeSubscriber (reactive inside MULTI) feeds a ListSubscriber too.
      return superclassNamed(type, LIST_SUBSCRIBER) != null
          || type.getName().endsWith("$CompositeSubscriber");
    }
  };

  private static boolean isListSubscriber(Class<?> type) {
    return LIST_SUBSCRIBERS.get(type);
  }

  /** {@code Value.getValueOrElse(null)} for {@code Value} and its subclasses, else null. */
  private static final ClassValue<Method> VALUE_OF = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      Class<?> value = superclassNamed(type, VALUE);
      return value == null ? null : publicMethod(value, "getValueOrElse", Object.class);
    }
  };

  private static final ClassValue<Method> EXCEPTION_FACTORIES = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      try {
        Class<?> factory = Class.forName(EXCEPTION_FACTORY, false, type.getClassLoader());
        return publicMethod(factory, "createExecutionException", String.class);
      } catch (Throwable e) {
        return null;
      }
    }
  };

  private static final ClassValue<Method> CHANNEL_WRITER = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      Class<?> handler = superclassNamed(type, "io.lettuce.core.RedisChannelHandler");
      return handler == null ? null : publicMethod(handler, "getChannelWriter");
    }
  };

  /** How to get from one channel writer to the channel: its field, or the writer it wraps. */
  private static final class WriterAccess {
    final Field channel;
    final Method delegate;

    WriterAccess(Field channel, Method delegate) {
      this.channel = channel;
      this.delegate = delegate;
    }
  }

  private static final ClassValue<WriterAccess> WRITERS = new ClassValue<WriterAccess>() {
    @Override
    protected WriterAccess computeValue(Class<?> type) {
      Class<?> endpoint = superclassNamed(type, "io.lettuce.core.protocol.DefaultEndpoint");
      if (endpoint != null) {
        return new WriterAccess(field(endpoint, "channel"), null);
      }
      // CommandExpiryWriter, CommandListenerWriter... (the cluster and master/replica writers
      // route to several servers: no single address).
      Method delegate = null;
      try {
        Method method = type.getMethod("getDelegate");
        if (method.getParameterTypes().length == 0) {
          delegate = accessible(method);
        }
      } catch (Throwable e) {
        // no delegate
      }
      return new WriterAccess(null, delegate);
    }
  };

  private static final ClassValue<Method> REMOTE_ADDRESS = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      Class<?> channel = interfaceNamed(type, NETTY_CHANNEL);
      return channel == null ? null : publicMethod(channel, "remoteAddress");
    }
  };

  private static final ClassValue<Method> CONNECTION_STATE = new ClassValue<Method>() {
    @Override
    protected Method computeValue(Class<?> type) {
      return declaredMethod(type, "getConnectionState");
    }
  };

  private static final ClassValue<Field> DATABASE = new ClassValue<Field>() {
    @Override
    protected Field computeValue(Class<?> type) {
      Class<?> state = superclassNamed(type, "io.lettuce.core.ConnectionState");
      return state == null ? null : field(state, "db");
    }
  };
}
