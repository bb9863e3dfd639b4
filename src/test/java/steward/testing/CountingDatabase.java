package steward.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import steward.storage.Database;

/**
 * A {@link Database} that records every SQL statement executed through it, so a test can prove
 * how many queries an operation makes (one, not one per row) instead of timing it.
 *
 * <p>It counts executions, not preparations: a statement prepared once and executed per row
 * counts once per execution. Connections and statements are wrapped in JDK proxies that pass
 * every call through to the real ones.
 */
public final class CountingDatabase implements Database {
    private final Database inner;
    private final List<String> executed = new ArrayList<>();

    public CountingDatabase(Database inner) {
        this.inner = inner;
    }

    /** The SQL of every execution since the last {@link #reset}, in order. */
    public synchronized List<String> executed() {
        return List.copyOf(executed);
    }

    /** For a failure message: how many, and the first few. */
    public synchronized String summary() {
        return executed.size() + " statements" + (executed.isEmpty() ? "" : ", first: "
                + String.join(" | ", executed.subList(0, Math.min(3, executed.size()))));
    }

    public synchronized void reset() {
        executed.clear();
    }

    private synchronized void record(String sql) {
        executed.add(sql);
    }

    @Override
    public <T> T read(Work<T> work) {
        return inner.read(c -> work.run(counting(c)));
    }

    @Override
    public <T> T write(Work<T> work) {
        return inner.write(c -> work.run(counting(c)));
    }

    @Override
    public void close() {
        inner.close();
    }

    private Connection counting(Connection connection) {
        return proxy(Connection.class, connection, (method, args, real) -> {
            Object result = real.call();
            return switch (method.getName()) {
                case "prepareStatement", "prepareCall" -> counting(method.getReturnType(), result, (String) args[0]);
                case "createStatement" -> counting(Statement.class, result, null);
                default -> result;
            };
        });
    }

    /** A statement that records its SQL (the prepared one, or the one given to execute) on every execution. */
    private Object counting(Class<?> type, Object statement, String prepared) {
        return proxy(type, statement, (method, args, real) -> {
            if (method.getName().startsWith("execute")) {
                record(prepared != null ? prepared
                        : args != null && args.length > 0 && args[0] instanceof String sql ? sql : "(batch)");
            }
            return real.call();
        });
    }

    private interface Hook {
        Object apply(Method method, Object[] args, Callable<Object> real) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Object target, Hook hook) {
        InvocationHandler handler = (self, method, args) -> {
            try {
                return hook.apply(method, args, () -> method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(CountingDatabase.class.getClassLoader(), new Class<?>[]{type}, handler));
    }
}
