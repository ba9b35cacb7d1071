package io.digits.core.record;

/** Serde for {@link ModelAnnouncement} values on the models topic. */
public final class ModelAnnouncementSerde extends JsonSerde<ModelAnnouncement> {
    public ModelAnnouncementSerde() {
        super(ModelAnnouncement.class);
    }
}
