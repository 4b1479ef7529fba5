package org.pcl4j.data;

/** Which part of a data set to open: the training images (used for learning) or the held-out test images (evaluation). */
public enum Split {
    TRAIN,
    TEST
}
