package steward.server;

import java.util.Arrays;
import steward.auth.CredentialsException;

/** {@code steward serve [options]}: starts the server and runs until it is stopped. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("serve")) {
            System.err.print(ServerConfig.USAGE);
            System.exit(args.length > 0 && (args[0].equals("--help") || args[0].equals("help")) ? 0 : 2);
        }
        ServerConfig config;
        try {
            config = ServerConfig.parse(Arrays.copyOfRange(args, 1, args.length), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("steward: " + e.getMessage());
            System.err.print(ServerConfig.USAGE);
            System.exit(2);
            return;
        }
        Steward steward;
        try {
            steward = Steward.start(config);
        } catch (CredentialsException e) {
            System.err.println("steward: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(steward::close, "steward-shutdown"));
        System.out.println("Steward listening on http://" + steward.address().getHostString() + ":"
                + steward.address().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
