package io.snapledger.app;

/** Entry point of the snapledger command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
