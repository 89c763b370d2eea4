/**
 * The Java API for LXC hosts over liblxc 5: {@link org.lxcri4j.lxc.Lxc} and
 * {@link org.lxcri4j.lxc.LxcContainer}, and lab helpers. The generated Panama layer
 * ({@code org.lxcri4j.lxc.bindings}) stays internal. Needs {@code --enable-native-access} for
 * this module (or ALL-UNNAMED on the class path).
 */
module org.lxcri4j.lxc {
    requires static org.jspecify;

    exports org.lxcri4j.lxc;
    exports org.lxcri4j.lxc.lab;
}
