package io.snapledger.command.runtime;

import java.util.Objects;

/**
 * An object that aggregate, saga and command handler methods receive by declaring a parameter of
 * {@code type}, e.g. {@code handle(TakeSnapshot command, Clock clock, Identities ids)}. The type is
 * the one handlers declare, usually an interface, not the instance's class.
 */
public record InjectableResource<T>(Class<T> type, T instance) {

    public InjectableResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(instance, "instance of " + type.getName());
        if (!type.isInstance(instance)) {
            throw new IllegalArgumentException(instance.getClass().getName() + " is no " + type.getName());
        }
    }

    public static <T> InjectableResource<T> of(Class<T> type, T instance) {
        return new InjectableResource<>(type, instance);
    }
}
