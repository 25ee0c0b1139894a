package io.possync.sandbox.local;

/** The walking skeleton on an in-process KRaft broker and an in-memory Mongo wire server. */
class WalkingSkeletonIT extends WalkingSkeletonScenarios {

    private LocalInfrastructure infra;

    @Override
    Platform.Settings startInfrastructure() throws Exception {
        infra = LocalInfrastructure.start(null, 0);
        return Platform.Settings.randomPorts(infra);
    }

    @Override
    void stopInfrastructure() {
        if (infra != null) {
            infra.close();
        }
    }
}
