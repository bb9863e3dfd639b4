package steward.association;

/** Told after an association change is durable; the runner listens here to start runs. */
public interface AssociationListener {
    AssociationListener NONE = new AssociationListener() {
    };

    default void created(Association association) {
    }

    default void updated(Association association) {
    }

    default void deleted(Association association) {
    }
}
