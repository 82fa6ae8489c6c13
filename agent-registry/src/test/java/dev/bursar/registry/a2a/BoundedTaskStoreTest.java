package dev.bursar.registry.a2a;

import io.a2a.spec.Task;
import io.a2a.spec.TaskState;
import io.a2a.spec.TaskStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedTaskStoreTest {

    private static Task task(String id, TaskState state) {
        return new Task.Builder().id(id).contextId("ctx-" + id).status(new TaskStatus(state)).build();
    }

    @Test
    void forgetsFinishedTasksFirstThenTheOldestOnceFull() {
        BoundedTaskStore store = new BoundedTaskStore(2);
        store.save(task("a", TaskState.SUBMITTED));
        store.save(task("b", TaskState.WORKING));
        store.save(task("a", TaskState.COMPLETED)); // an update makes "a" the newest
        assertThat(store.isTaskFinalized("a")).isTrue();
        store.save(task("c", TaskState.WORKING));

        assertThat(store.size()).isEqualTo(2);
        assertThat(store.get("a")).as("a finished task goes before a running one").isNull();
        assertThat(store.isTaskActive("b")).isTrue();
        assertThat(store.isTaskActive("c")).isTrue();

        store.save(task("d", TaskState.WORKING));
        assertThat(store.get("b")).as("with no other finished task to drop, the least recently saved went").isNull();
        assertThat(store.isTaskActive("b")).isFalse();
        assertThat(store.isTaskFinalized("b")).isFalse();

        for (int i = 0; i < 10_000; i++) {
            store.save(task("t" + i, TaskState.COMPLETED));
        }
        assertThat(store.size()).as("a flood of tasks never grows it").isEqualTo(2);
        assertThat(store.get("t9999")).as("the task just saved is kept").isNotNull();
        store.delete("t9999");
        assertThat(store.get("t9999")).isNull();
    }

    @Test
    void refusesANonPositiveCapacity() {
        assertThatThrownBy(() -> new BoundedTaskStore(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one task");
        assertThatThrownBy(() -> A2aServer.builder().maxTasks(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
