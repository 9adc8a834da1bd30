package dev.payql.ports.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the calls made through an outbound port ({@code PurchaseStore}, {@code LightningNode}),
 * by method name, passing each on to the real implementation: tests that bound how much work a
 * client causes count with it.
 */
public final class CallCounter {

  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

  /** {@code delegate} seen through {@code port}, every call counted here. */
  public <T> T wrap(Class<T> port, T delegate) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() != Object.class) {
        calls.computeIfAbsent(method.getName(), name -> new AtomicLong()).incrementAndGet();
      }
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
  }

  public long count(String method) {
    AtomicLong n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  public long total() {
    return calls.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public void reset() {
    calls.clear();
  }

  @Override
  public String toString() {
    return new java.util.TreeMap<>(calls).toString();
  }
}
