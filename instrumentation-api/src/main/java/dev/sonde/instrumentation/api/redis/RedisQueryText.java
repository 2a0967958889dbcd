package dev.sonde.instrumentation.api.redis;

/**
 * {@code db.query.text} of a Redis command: the name, the key (first argument), and a {@code ?}
 * for each further argument, or, with {@code capture-args}, the arguments themselves, each cut
 * at {@value #MAX_ARG_LENGTH} characters. The arguments of {@code AUTH} and {@code HELLO} (which
 * carry passwords), and of {@code MIGRATE}, {@code CONFIG}, {@code ACL} and {@code SENTINEL},
 * are never shown.
 */
final class RedisQueryText {

  static final int MAX_ARG_LENGTH = 64;
  static final int MAX_TEXT_LENGTH = 1024;

  private final boolean captureArgs;

  RedisQueryText(boolean captureArgs) {
    this.captureArgs = captureArgs;
  }

  String of(String command, Object[] args) {
    if (args == null || args.length == 0) {
      return command;
    }
    boolean secret = command.equals("AUTH") || command.equals("HELLO")
        || command.equals("MIGRATE") || command.equals("CONFIG") || command.equals("ACL")
        || command.equals("SENTINEL");
    StringBuilder text = new StringBuilder(command.length() + 16 * Math.min(args.length, 8));
    text.append(command);
    for (int i = 0; i < args.length && text.length() < MAX_TEXT_LENGTH; i++) {
      text.append(' ');
      if (secret || (i > 0 && !captureArgs)) {
        text.append('?');
      } else {
        append(text, args[i]);
      }
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      text.setLength(MAX_TEXT_LENGTH);
    }
    return text.toString();
  }

  private static void append(StringBuilder text, Object arg) {
    String value;
    if (arg instanceof byte[]) {
      byte[] bytes = (byte[]) arg;
      // Decode no more than could be shown: a value may be megabytes.
      value = new String(bytes, 0, Math.min(bytes.length, 4 * MAX_ARG_LENGTH + 4),
          java.nio.charset.StandardCharsets.UTF_8);
    } else {
      value = String.valueOf(arg);
    }
    if (value.length() > MAX_ARG_LENGTH) {
      text.append(value, 0, MAX_ARG_LENGTH).append('…');
    } else {
      text.append(value);
    }
  }
}
