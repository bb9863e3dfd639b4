package steward.node;

/** Told after a node is durably registered; the runner applies matching associations to it. */
public interface NodeListener {
    void registered(ManagedNode node);
}
