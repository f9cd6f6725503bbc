package io.snapledger.command.runtime;

/** An event processor did not get where it was awaited to within the time given; the message says where it is. */
public class ProcessorTimeoutException extends RuntimeException {

    public ProcessorTimeoutException(String message) {
        super(message);
    }
}
