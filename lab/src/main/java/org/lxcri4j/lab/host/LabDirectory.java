package org.lxcri4j.lab.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import org.lxcri4j.lab.LabException;

/**
 * A lab's place under the lab root and the names of everything it makes on the host. The lab's id
 * is claimed with its owner file ({@code labs/ID.owner}, written whole before it appears), so every
 * resource named after the id is known to belong to that owner. Bridges and veths carry the id in
 * their names: {@code l4j} + id + a bridge or node/network suffix, within the kernel's 15 bytes;
 * containers and network namespaces are {@code l4j-ID-NODE}.
 */
public final class LabDirectory {

    private static final String LINK_PREFIX = "l4j";
    private static final String DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path labs;
    private final String id;

    private LabDirectory(Path labs, String id) {
        this.labs = labs;
        this.id = id;
    }

    /** Claims a fresh id for {@code owner} under {@code root} and makes the lab's directory. */
    public static LabDirectory claim(Path root, ProcessIdentity owner) {
        Path labs = root.resolve("labs");
        for (int attempt = 0; attempt < 100; attempt++) {
            String id = HexFormat.of().toHexDigits((byte) RANDOM.nextInt()) + HexFormat.of().toHexDigits((short) RANDOM.nextInt());
            LabDirectory d = new LabDirectory(labs, id);
            if (claimFile(d.ownerFile(), owner.toString())) {
                try {
                    Files.createDirectories(d.lxcPath());
                } catch (IOException e) {
                    throw new LabException("cannot make the lab directory " + d.path() + ": " + e.getMessage(), e);
                }
                return d;
            }
        }
        throw new LabException("no free lab id under " + labs);
    }

    /** The lab whose owner file is {@code ownerFile}, if the name is one. */
    static Optional<LabDirectory> of(Path ownerFile) {
        String name = ownerFile.getFileName().toString();
        if (!name.matches("[0-9a-f]{6}\\.owner")) {
            return Optional.empty();
        }
        return Optional.of(new LabDirectory(ownerFile.getParent(), name.substring(0, 6)));
    }

    /**
     * Creates {@code target} holding {@code content}, atomically: written to a temporary file and
     * hard-linked into place, so that nobody sees it half written; false if it exists already.
     */
    public static boolean claimFile(Path target, String content) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".claim-", ".tmp");
            try {
                Files.writeString(tmp, content);
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target, e);
        }
    }

    public String id() {
        return id;
    }

    public Path path() {
        return labs.resolve(id);
    }

    public Path ownerFile() {
        return labs.resolve(id + ".owner");
    }

    /** liblxc's lxc path for the lab's containers. */
    public Path lxcPath() {
        return path().resolve("lxc");
    }

    /** The liblxc name of node {@code node}: unique on the host, as liblxc's cgroups are named after it. */
    public String containerName(String node) {
        return "l4j-" + id + "-" + node;
    }

    /** The network namespace of node {@code node}: named as its container. */
    public String netnsName(String node) {
        return containerName(node);
    }

    /** What the name of every container and network namespace of this lab starts with. */
    public String netnsPrefix() {
        return "l4j-" + id + "-";
    }

    /** What every link of this lab's name starts with. */
    public String linkPrefix() {
        return LINK_PREFIX + id;
    }

    /** The bridge of network {@code index}. */
    public String bridgeName(int index) {
        return linkPrefix() + "b" + digits(index, 1);
    }

    /** The host end of the veth of node {@code node} on network {@code network}. */
    public String vethName(int node, int network) {
        return linkPrefix() + digits(node, 2) + digits(network, 1);
    }

    private static String digits(int value, int width) {
        if (value < 0 || value >= Math.pow(DIGITS.length(), width)) {
            throw new LabException("a lab holds at most " + (int) Math.pow(DIGITS.length(), width) + " of these, not " + (value + 1));
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0, v = value; i < width; i++, v /= DIGITS.length()) {
            s.insert(0, DIGITS.charAt(v % DIGITS.length()));
        }
        return s.toString();
    }
}
