package io.snapledger.cli.image;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code snapledger image ...}: qemu-img's verbs and flags, so its users feel at home. */
@Command(name = "image",
        description = "Inspect and change qcow2 and raw disk images (qemu-img's verbs and flags).",
        subcommands = {
            ImageInfoCommand.class,
            ImageCheckCommand.class,
            ImageCreateCommand.class,
            ImageSnapshotCommand.class,
            ImageCommitCommand.class,
            ImageRebaseCommand.class,
            ImageMapCommand.class,
            HelpCommand.class
        })
public final class ImageCommand {
}
