/** The benchmark's floor: a JVM that starts and exits, with the launcher's flags. */
public final class Empty {
    public static void main(String[] args) {
    }
}
