package steward.bench;

/** Runs the JMH benchmarks of steward.bench.jmh: {@code bench/run Jmh [JMH options]}. */
public final class Jmh {
    private Jmh() {
    }

    public static void main(String[] args) throws Exception {
        String[] options = args.length > 0 ? args : new String[] {"steward.bench.jmh"};
        org.openjdk.jmh.Main.main(options);
    }
}
