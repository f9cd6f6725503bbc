package io.snapledger.command.domain;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.util.function.Predicate;

/** Readable matchers for expected events: a type, and what must hold of it. */
final class Then {
    private Then() {
    }

    static <T> Matcher<Object> event(Class<T> type, Predicate<T> check, String what) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Object item) {
                return type.isInstance(item) && check.test(type.cast(item));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText(type.getSimpleName() + " where " + what);
            }
        };
    }

    static <T> Matcher<Object> event(Class<T> type) {
        return event(type, t -> true, "anything");
    }
}
