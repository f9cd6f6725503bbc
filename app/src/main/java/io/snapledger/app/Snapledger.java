package io.snapledger.app;

import io.snapledger.cli.Main;
import io.snapledger.daemon.ServeCommand;

/** The {@code snapledger} program: the command line, with the daemon's {@code serve} among its commands. */
public final class Snapledger {
    private Snapledger() {
    }

    public static void main(String[] args) {
        System.exit(Main.run(args, Main.inProcess(), new ServeCommand()));
    }
}
