package io.snapledger.events.command;

/**
 * What an operator (CLI, HTTP API) or reconcile asks of a domain. Handled by the {@code Domain}
 * aggregate, which checks every rule before any event is recorded.
 */
public sealed interface OperatorCommand extends DomainCommand
        permits DefineDomain, UndefineDomain, TakeSnapshot, RevertToSnapshot, DeleteSnapshot, RenameSnapshot,
                DescribeSnapshot, ImportSnapshot, RedefineSnapshot, SetCurrentSnapshot, SetDeviceImage, RecordDrift,
                ResumeOperation {
}
