package io.digits.producer.source;

import io.digits.core.record.ContentType;
import io.digits.mnist.DataFormatException;
import io.digits.mnist.IdxReader;
import io.digits.mnist.MnistDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Raw 28x28 images from an idx file (MNIST's own format), sent as 784 bytes each with content type
 * {@link ContentType#MNIST_784}; keys {@code <name>-00042}; labels when a labels file goes with it.
 */
public final class IdxSource implements ImageSource {
    private final MnistDataset dataset;

    public IdxSource(MnistDataset dataset) {
        this.dataset = dataset;
    }

    /**
     * The images of an idx3 file, with the labels of {@code labelsFile} when given, else of the
     * sibling file MNIST's naming implies ({@code t10k-images-idx3-ubyte} -> {@code t10k-labels-idx1-ubyte})
     * when it exists. The key prefix is the images file's name.
     */
    public static IdxSource fromFiles(Path imagesFile, Path labelsFile) throws IOException {
        byte[][] images = IdxReader.readImages(imagesFile);
        Path labels = labelsFile != null ? labelsFile : siblingLabels(imagesFile).orElse(null);
        byte[] labelBytes = labels == null ? null : IdxReader.readLabels(labels);
        String name = imagesFile.getFileName().toString();
        if (labelBytes != null && labelBytes.length != images.length) {
            throw new DataFormatException(imagesFile + " has " + images.length + " images but "
                    + labels + " has " + labelBytes.length + " labels");
        }
        return new IdxSource(new MnistDataset(name, images, labelBytes));
    }

    /** The labels file MNIST's naming pairs with an images file, if it exists. */
    static Optional<Path> siblingLabels(Path imagesFile) {
        String name = imagesFile.getFileName().toString();
        if (!name.contains("images-idx3")) {
            return Optional.empty();
        }
        Path sibling = imagesFile.resolveSibling(name.replace("images-idx3", "labels-idx1"));
        return Files.isRegularFile(sibling) ? Optional.of(sibling) : Optional.empty();
    }

    public MnistDataset dataset() {
        return dataset;
    }

    @Override
    public String describe() {
        return dataset.name() + " (" + dataset.size() + " images" + (dataset.labelled() ? ", labelled" : "") + ")";
    }

    @Override
    public OptionalLong size() {
        return OptionalLong.of(dataset.size());
    }

    @Override
    public Cursor open() {
        return new Cursor() {
            private int next;

            @Override
            public SourceItem next() {
                if (next >= dataset.size()) {
                    return null;
                }
                int i = next++;
                Optional<Integer> label = dataset.labelled() ? Optional.of(dataset.label(i)) : Optional.empty();
                return new SourceItem.Image(ImageKeys.idx(dataset.name(), i), dataset.images()[i],
                        ContentType.MNIST_784, label);
            }
        };
    }
}
