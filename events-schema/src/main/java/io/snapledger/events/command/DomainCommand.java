package io.snapledger.events.command;

/**
 * A request about one domain. Commands are requests, not facts: they may be refused. The command
 * side routes each to its target through {@link #domain()}: {@link OperatorCommand} and
 * {@link ProgressCommand} go to the {@code Domain} aggregate, {@link DeviceWorkCommand} to the
 * device writers.
 */
public sealed interface DomainCommand permits OperatorCommand, ProgressCommand, DeviceWorkCommand, LiveWorkCommand {

    /** The domain's id; the aggregate id on the command side. */
    String domain();

    CommandMetadata meta();
}
