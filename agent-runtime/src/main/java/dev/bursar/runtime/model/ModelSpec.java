package dev.bursar.runtime.model;

/** One named entry of the {@link ModelCatalog}. */
public sealed interface ModelSpec permits LocalModelSpec, RemoteModelSpec {

    String name();
}
