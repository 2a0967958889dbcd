package dev.sonde.instrumentation.api.trace;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A log event's MDC with the correlation fields added, without copying either: one small object
 * per event instead of a new hash map (a layout's {@code %X{trace_id}} is a scan of at most four
 * keys). The application's own values win over the fields. Read-only, as a log event's MDC is.
 *
 * <p>Serialized (Logback's socket and serializing appenders) as a plain {@link HashMap}: the
 * receiving JVM has no agent, so it must never see this class.
 */
final class CorrelatedMdc extends AbstractMap<String, String> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final transient Map<String, String> mdc;
  /** Alternating keys and values, shared: never modified. */
  private final transient String[] fields;
  private transient Set<Entry<String, String>> entries;

  CorrelatedMdc(Map<String, String> mdc, String[] fields) {
    this.mdc = mdc == null ? Collections.<String, String>emptyMap() : mdc;
    this.fields = fields;
  }

  @Override
  public String get(Object key) {
    String own = mdc.get(key);
    if (own != null || mdc.containsKey(key)) {
      return own;
    }
    int index = fieldIndex(key);
    return index < 0 ? null : fields[index + 1];
  }

  @Override
  public boolean containsKey(Object key) {
    return mdc.containsKey(key) || fieldIndex(key) >= 0;
  }

  @Override
  public int size() {
    int size = mdc.size();
    for (int i = 0; i < fields.length; i += 2) {
      if (!mdc.containsKey(fields[i])) {
        size++;
      }
    }
    return size;
  }

  @Override
  public boolean isEmpty() {
    return mdc.isEmpty() && fields.length == 0;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    Set<Entry<String, String>> set = entries;
    if (set == null) {
      set = new Entries();
      entries = set;
    }
    return set;
  }

  private int fieldIndex(Object key) {
    for (int i = 0; i < fields.length; i += 2) {
      if (fields[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  /** What a serializing appender writes instead: a copy of the same entries. */
  private Object writeReplace() throws ObjectStreamException {
    return new HashMap<String, String>(this);
  }

  /** The fields the application's MDC does not override, then the application's entries. */
  private final class Entries extends AbstractSet<Entry<String, String>> {

    @Override
    public int size() {
      return CorrelatedMdc.this.size();
    }

    @Override
    public Iterator<Entry<String, String>> iterator() {
      return new Iterator<Entry<String, String>>() {
        private int field = nextField(0);
        private final Iterator<Entry<String, String>> own = mdc.entrySet().iterator();

        private int nextField(int from) {
          int i = from;
          while (i < fields.length && mdc.containsKey(fields[i])) {
            i += 2;
          }
          return i;
        }

        @Override
        public boolean hasNext() {
          return field < fields.length || own.hasNext();
        }

        @Override
        public Entry<String, String> next() {
          if (field < fields.length) {
            Entry<String, String> entry =
                new SimpleImmutableEntry<String, String>(fields[field], fields[field + 1]);
            field = nextField(field + 2);
            return entry;
          }
          if (!own.hasNext()) {
            throw new NoSuchElementException();
          }
          return own.next();
        }

        @Override
        public void remove() {
          throw new UnsupportedOperationException("a log event's MDC is read-only");
        }
      };
    }
  }
}
