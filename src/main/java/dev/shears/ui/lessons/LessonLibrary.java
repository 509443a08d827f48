package dev.shears.ui.lessons;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The lessons Shears knows: the built-in ones (resources under {@code /dev/shears/lessons/}) and a
 * teacher's, dropped as {@code .json} files into {@code <settings>/lessons/}. They run in the order of
 * their file names; a teacher's file with a built-in's name replaces it. A file that cannot be used is
 * left out and its sentence kept for the panel to show.
 */
public final class LessonLibrary {
    public static final String RESOURCE_FOLDER = "/dev/shears/lessons";
    public static final String USER_FOLDER = "lessons";

    private final List<Lesson> lessons;
    private final List<String> problems;

    private LessonLibrary(List<Lesson> lessons, List<String> problems) {
        this.lessons = List.copyOf(lessons);
        this.problems = List.copyOf(problems);
    }

    /** Reads the built-in lessons and those in {@code settingsFolder/lessons/} (if it exists). */
    public static LessonLibrary load(Path settingsFolder) {
        Map<String, Lesson> byId = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try {
            readBuiltIn(byId, problems);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            problems.add("The built-in lessons could not be read (" + e.getMessage() + ").");
        }
        Path user = settingsFolder.resolve(USER_FOLDER);
        if (Files.isDirectory(user)) {
            try (Stream<Path> files = Files.list(user)) {
                for (Path f : files.filter(LessonLibrary::isLessonFile).sorted().toList()) {
                    read(f, byId, problems);
                }
            } catch (IOException e) {
                problems.add("The lessons folder " + user + " could not be read: " + e.getMessage() + ".");
            }
        }
        return new LessonLibrary(new ArrayList<>(byId.values()), problems);
    }

    private static void readBuiltIn(Map<String, Lesson> byId, List<String> problems)
            throws IOException, URISyntaxException {
        URL folder = LessonLibrary.class.getResource(RESOURCE_FOLDER);
        if (folder == null) {
            return;
        }
        URI uri = folder.toURI();
        if ("jar".equals(uri.getScheme())) {
            FileSystem fs;
            try {
                fs = FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException e) {
                fs = FileSystems.getFileSystem(uri);
            }
            listInto(fs.getPath(RESOURCE_FOLDER), byId, problems);
        } else {
            listInto(Path.of(uri), byId, problems);
        }
    }

    private static void listInto(Path folder, Map<String, Lesson> byId, List<String> problems) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(LessonLibrary::isLessonFile).sorted().toList()) {
                read(f, byId, problems);
            }
        }
    }

    private static boolean isLessonFile(Path f) {
        return f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f);
    }

    private static void read(Path file, Map<String, Lesson> byId, List<String> problems) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - ".json".length());
        try {
            if (Files.size(file) > LessonFormat.MAX_BYTES) {
                problems.add("The lesson " + name + " is larger than " + LessonFormat.MAX_BYTES / 1024
                        + " KB; a lesson is a few KB of text.");
                return;
            }
            String json;
            try (InputStream in = Files.newInputStream(file)) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            byId.put(id, LessonFormat.read(id, json, name));
        } catch (LessonFormatException e) {
            problems.add(e.getMessage());
        } catch (IOException e) {
            problems.add("The lesson " + name + " could not be read: " + e.getMessage() + ".");
        }
    }

    public List<Lesson> lessons() {
        return lessons;
    }

    /** One sentence per lesson file left out. */
    public List<String> problems() {
        return problems;
    }

    /** Every step of every lesson, in order. */
    public List<Located> steps() {
        List<Located> out = new ArrayList<>();
        for (Lesson l : lessons) {
            for (int i = 0; i < l.steps().size(); i++) {
                out.add(new Located(l, i, l.steps().get(i)));
            }
        }
        return out;
    }

    /** A step with its lesson and its index in it. */
    public record Located(Lesson lesson, int index, LessonStep step) {
        /** "lenet-magnitude#1": how the settings remember where the student was. */
        public String key() {
            return lesson.id() + "#" + (index + 1);
        }
    }
}
