package dev.shears.ui.lessons;

import java.util.List;

/**
 * One lesson file: a title and its steps. {@code id} is the file's name without {@code .json}; lessons
 * run in the order of their ids, and a teacher's file with a built-in's id replaces it.
 */
public record Lesson(String id, String title, List<LessonStep> steps, String origin) {
    public Lesson {
        steps = List.copyOf(steps);
    }
}
