package io.snapledger.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of event types: wire name to record and back, with each type's current revision.
 *
 * <p>It is built by walking the sealed {@link DomainEvent} hierarchy, so a new event record is
 * registered by existing at all, and one without an {@link EventType} annotation, or with a name
 * already taken, stops the registry from loading with a message that names it.
 */
public final class EventTypes {

    private static final List<RegisteredEventType> ALL;
    private static final Map<String, RegisteredEventType> BY_NAME;
    private static final Map<Class<?>, RegisteredEventType> BY_CLASS;

    static {
        Map<String, RegisteredEventType> byName = new HashMap<>();
        Map<Class<?>, RegisteredEventType> byClass = new LinkedHashMap<>();
        for (Class<?> type : concreteEventClasses()) {
            RegisteredEventType registered = register(type);
            RegisteredEventType clash = byName.putIfAbsent(registered.name(), registered);
            if (clash != null) {
                throw new IllegalStateException("event type name '" + registered.name() + "' is used by both "
                        + clash.javaType().getName() + " and " + type.getName());
            }
            byClass.put(type, registered);
        }
        List<RegisteredEventType> all = new ArrayList<>(byName.values());
        all.sort(Comparator.comparing(RegisteredEventType::name));
        ALL = List.copyOf(all);
        BY_NAME = Map.copyOf(byName);
        BY_CLASS = Map.copyOf(byClass);
    }

    private EventTypes() {
    }

    /** Every event type, sorted by name. */
    public static List<RegisteredEventType> all() {
        return ALL;
    }

    public static RegisteredEventType of(Class<? extends DomainEvent> type) {
        RegisteredEventType registered = BY_CLASS.get(type);
        if (registered == null) {
            // Only reachable for a sealed family interface itself, which is no concrete event.
            throw new IllegalArgumentException(type.getName() + " is not a concrete event record");
        }
        return registered;
    }

    public static RegisteredEventType of(DomainEvent event) {
        return of(event.getClass());
    }

    /** @throws UnknownEventTypeException if no event has this wire name */
    public static RegisteredEventType byName(String name) {
        return findByName(name).orElseThrow(() -> new UnknownEventTypeException(name));
    }

    public static Optional<RegisteredEventType> findByName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The concrete records below {@link DomainEvent}, found through the sealed permits. */
    static List<Class<?>> concreteEventClasses() {
        List<Class<?>> found = new ArrayList<>();
        collectConcrete(DomainEvent.class, found);
        return Collections.unmodifiableList(found);
    }

    private static void collectConcrete(Class<?> type, List<Class<?>> found) {
        if (type.isSealed()) {
            for (Class<?> permitted : type.getPermittedSubclasses()) {
                collectConcrete(permitted, found);
            }
        } else if (type.isRecord()) {
            found.add(type);
        } else {
            throw new IllegalStateException(type.getName()
                    + " is neither a sealed event family nor an event record");
        }
    }

    @SuppressWarnings("unchecked")
    private static RegisteredEventType register(Class<?> type) {
        EventType annotation = type.getAnnotation(EventType.class);
        if (annotation == null) {
            throw new IllegalStateException(type.getName() + " has no @EventType annotation; "
                    + "every event record needs a stable wire name and revision");
        }
        if (!annotation.name().matches("[A-Z][A-Za-z0-9]*")) {
            throw new IllegalStateException(type.getName() + " has event type name '" + annotation.name()
                    + "'; names are UpperCamelCase words, used in file names and headers");
        }
        return new RegisteredEventType(annotation.name(), annotation.revision(),
                (Class<? extends DomainEvent>) type);
    }
}
