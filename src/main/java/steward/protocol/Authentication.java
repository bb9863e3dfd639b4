package steward.protocol;

/** How the caller of an operation proves who it is. */
public enum Authentication {
    /** SigV4 with an access key (the default for every operation). */
    SIGV4,
    /** Nothing: RegisterManagedInstance, which an agent sends before it has any key. */
    UNSIGNED,
    /** SigV4's string to sign, signed with the RSA key a registered agent holds. */
    INSTANCE_KEY
}
