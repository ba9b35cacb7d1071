package io.digits.producer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.digits.command.CommandLines;
import io.digits.core.record.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFileSourceTest {
    @TempDir
    Path dir;

    @Test
    void folder_yields_image_files_in_path_order_with_type_label_and_path_key() throws IOException {
        MnistPictures.write(0, dir.resolve("7/a.png"), "png");   // label from the folder
        MnistPictures.write(1, dir.resolve("2_b.bmp"), "bmp");   // label from the name
        MnistPictures.write(2, dir.resolve("c.gif"), "gif");     // no label
        MnistPictures.write(3, dir.resolve("d.jpg"), "jpg");
        Files.writeString(dir.resolve("notes.txt"), "not an image, not picked up from a folder");

        ImageFileSource source = ImageFileSource.of(dir.toString());
        List<SourceItem> items = IdxSourceTest.all(source);

        assertThat(items).extracting(i -> ((SourceItem.Image) i).key()).containsExactly(
                dir.resolve("2_b.bmp").toString(), dir.resolve("7/a.png").toString(),
                dir.resolve("c.gif").toString(), dir.resolve("d.jpg").toString());
        assertThat(items).extracting(i -> ((SourceItem.Image) i).contentType())
                .containsExactly(ContentType.BMP, ContentType.PNG, ContentType.GIF, ContentType.JPEG);
        assertThat(items).extracting(i -> ((SourceItem.Image) i).label().orElse(-1)).containsExactly(2, 7, -1, -1);
        SourceItem.Image png = (SourceItem.Image) items.get(1);
        assertThat(png.bytes()).isEqualTo(Files.readAllBytes(dir.resolve("7/a.png")));
    }

    @Test
    void content_type_comes_from_the_bytes_not_the_extension() throws IOException {
        Path jpegNamedPng = MnistPictures.write(0, dir.resolve("really-a-jpeg.png"), "jpg");
        Files.copy(MnistPictures.write(1, dir.resolve("x.png"), "png"), dir.resolve("png.data"));

        List<SourceItem> items = IdxSourceTest.all(ImageFileSource.of(dir + "/*.{png,data}"));

        assertThat(items).extracting(i -> ((SourceItem.Image) i).key() + " " + ((SourceItem.Image) i).contentType())
                .containsExactly(dir.resolve("png.data") + " PNG", jpegNamedPng + " JPEG", dir.resolve("x.png") + " PNG");
    }

    @Test
    void glob_picks_the_matching_files() throws IOException {
        MnistPictures.write(0, dir.resolve("x/1.png"), "png");
        MnistPictures.write(1, dir.resolve("x/2.png"), "png");
        MnistPictures.write(2, dir.resolve("x/3.gif"), "gif");
        MnistPictures.write(3, dir.resolve("y/4.png"), "png");

        ImageFileSource source = ImageFileSource.of(dir + "/x/*.png");

        assertThat(source.files()).containsExactly(dir.resolve("x/1.png"), dir.resolve("x/2.png"));
        assertThat(ImageFileSource.of(dir + "/**/*.png").files()).hasSize(3);
    }

    @Test
    void unreadable_empty_and_oversized_files_are_bad_inputs_naming_the_file() throws IOException {
        MnistPictures.write(0, dir.resolve("good.png"), "png");
        Files.createSymbolicLink(dir.resolve("broken.png"), dir.resolve("missing.png"));
        Files.createFile(dir.resolve("empty.png"));
        Files.write(dir.resolve("huge.png"), new byte[2000]);
        Files.writeString(dir.resolve("notes.txt"), "hello");

        ImageFileSource source = ImageFileSource.of(dir + "/*", 1000);
        List<SourceItem> items = IdxSourceTest.all(source);

        assertThat(items).hasSize(5);
        assertThat(items).filteredOn(i -> i instanceof SourceItem.Image).hasSize(1);
        assertThat(items).filteredOn(i -> i instanceof SourceItem.BadInput).extracting(Object::toString)
                .containsExactly(
                        dir.resolve("broken.png") + ": cannot read: no such file (a broken link?)",
                        dir.resolve("empty.png") + ": empty file",
                        dir.resolve("huge.png") + ": 2000 bytes, over the 1000-byte limit",
                        dir.resolve("notes.txt") + ": not an image (no PNG, JPEG, GIF or BMP signature)");
    }

    @Test
    void a_path_or_glob_that_matches_nothing_is_a_usage_error() {
        assertThatThrownBy(() -> ImageFileSource.of(dir.resolve("nope").toString()))
                .isInstanceOf(CommandLines.UsageError.class).hasMessageContaining("no such file or folder");
        assertThatThrownBy(() -> ImageFileSource.of(dir + "/*.png"))
                .isInstanceOf(CommandLines.UsageError.class).hasMessageContaining("no image files");
    }
}
