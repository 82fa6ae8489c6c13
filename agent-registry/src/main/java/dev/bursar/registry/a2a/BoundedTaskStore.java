package dev.bursar.registry.a2a;

import io.a2a.server.tasks.TaskStateProvider;
import io.a2a.server.tasks.TaskStore;
import io.a2a.spec.Task;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The A2A server's tasks in memory, at most {@code capacity} of them: when a new task would exceed it, the finished task
 * saved longest ago is forgotten (a caller asking for it then gets "task not found"); a running one only if none has
 * finished. The SDK's own store grows without end,
 * so a caller sending tasks forever would exhaust the heap. Payment state never lives here: the escrow holds it.
 */
final class BoundedTaskStore implements TaskStore, TaskStateProvider {

    private final int capacity;
    private final Map<String, Task> tasks;

    BoundedTaskStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an A2A server must keep at least one task, got " + capacity);
        }
        this.capacity = capacity;
        this.tasks = new LinkedHashMap<>();
    }

    /**
     * Saves {@code task} as the newest; when over capacity, forgets the oldest other finished task, or the oldest task
     * when no other has finished.
     */
    @Override
    public synchronized void save(Task task) {
        tasks.remove(task.getId());
        tasks.put(task.getId(), task);
        if (tasks.size() > capacity) {
            String victim = tasks.values().stream().filter(t -> isFinal(t) && !t.getId().equals(task.getId())).map(Task::getId)
                    .findFirst().orElseGet(() -> tasks.keySet().iterator().next());
            tasks.remove(victim);
        }
    }

    @Override
    public synchronized Task get(String taskId) {
        return tasks.get(taskId);
    }

    @Override
    public synchronized void delete(String taskId) {
        tasks.remove(taskId);
    }

    synchronized int size() {
        return tasks.size();
    }

    @Override
    public synchronized boolean isTaskActive(String taskId) {
        Task task = tasks.get(taskId);
        return task != null && !isFinal(task);
    }

    @Override
    public synchronized boolean isTaskFinalized(String taskId) {
        Task task = tasks.get(taskId);
        return task != null && isFinal(task);
    }

    private static boolean isFinal(Task task) {
        return task.getStatus() != null && task.getStatus().state() != null && task.getStatus().state().isFinal();
    }
}
