package io.snapledger.command.saga;

/** Why an operation cut short by a crash was undone when the ledger was opened again. */
final class Interruptions {
    static final String BEFORE_EVERY_DEVICE_ANSWERED = "interrupted (the process stopped) before every device "
            + "had answered; called off on every device when the ledger was opened again";

    private Interruptions() {
    }
}
