package io.snapledger.daemon;

import io.snapledger.cli.Main;

/** The program as the jar runs it, for tests that start a daemon as a process of its own. */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(String[] args) {
        System.exit(Main.run(args, Main.inProcess(), new ServeCommand()));
    }
}
