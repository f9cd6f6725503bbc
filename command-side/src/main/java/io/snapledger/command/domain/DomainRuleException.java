package io.snapledger.command.domain;

/**
 * A command the {@link Domain} refuses. {@link #code()} is stable for machines; the message says
 * what is wrong and what to do, for people.
 */
public final class DomainRuleException extends RuntimeException {
    private final String code;

    public DomainRuleException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
