package io.snapledger.events;

import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.QemuLink;
import io.snapledger.events.model.Require;

import java.util.List;

/** Facts about the domain itself and the image files its devices point at. */
public sealed interface DomainLifecycleEvent extends DomainEvent {

    /**
     * The domain became known to snapledger with these devices.
     *
     * @param online true when the domain is a running QEMU reached over QMP, false when only its
     *               images on disk are managed
     */
    @EventType(name = "DomainDefined", revision = 1)
    record DomainDefined(String domain, List<DeviceSpec> devices, boolean online, EventMetadata meta)
            implements DomainLifecycleEvent {

        public DomainDefined {
            Require.nonBlank(domain, "domain");
            devices = Require.distinctBy(Require.nonEmptyListOf(devices, "devices"), DeviceSpec::name, "devices");
            Require.nonNull(meta, "meta");
        }
    }

    /** The domain and its history were dropped from snapledger; its image files were left alone. */
    @EventType(name = "DomainUndefined", revision = 1)
    record DomainUndefined(String domain, EventMetadata meta) implements DomainLifecycleEvent {

        public DomainUndefined {
            Require.nonBlank(domain, "domain");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * The active layer of a device moved to another image file, e.g. to the new overlay of an
     * external snapshot, or back to a snapshot's image on revert.
     *
     * @param format the format of the new active layer
     */
    @EventType(name = "DeviceImageChanged", revision = 1)
    record DeviceImageChanged(String domain, String device, String oldPath, String newPath, ImageFormat format,
                              EventMetadata meta) implements DomainLifecycleEvent {

        public DeviceImageChanged {
            Require.nonBlank(domain, "domain");
            Require.nonBlank(device, "device");
            Require.nonBlank(oldPath, "oldPath");
            Require.nonBlank(newPath, "newPath");
            Require.nonNull(format, "format");
            Require.nonNull(meta, "meta");
        }
    }

    /**
     * The domain is live: a QEMU runs it, reached over QMP as {@code qemu} says. From here on every
     * command observes whether that QEMU answers (running, paused) or not (shut off), and while it
     * answers, snapledger changes the images through QMP only.
     */
    @EventType(name = "QemuAttached", revision = 1)
    record QemuAttached(String domain, QemuLink qemu, EventMetadata meta) implements DomainLifecycleEvent {

        public QemuAttached {
            Require.nonBlank(domain, "domain");
            Require.nonNull(qemu, "qemu");
            Require.nonNull(meta, "meta");
        }
    }
}
