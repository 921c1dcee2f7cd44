package dev.stacksolo.registry.types;

/**
 * Which outputs a read sees while a deployment of the resource's project runs.
 */
public enum OutputsView {
    /**
     * The last published outputs: what every view, resolution and the TypeScript registry read. A
     * running deployment's writes appear only when it ends, all together.
     */
    PUBLISHED,
    /**
     * The running deployment's staged outputs where it wrote some, the published ones elsewhere
     * ({@code stacksolo output --live}): what the deploy has produced so far, possibly half of it.
     */
    LIVE
}
