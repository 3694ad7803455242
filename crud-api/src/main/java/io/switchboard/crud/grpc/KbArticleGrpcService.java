package io.switchboard.crud.grpc;

import static io.switchboard.crud.grpc.ResourceCalls.NOTHING;
import static io.switchboard.crud.grpc.ResourceWork.onId;
import static io.switchboard.crud.grpc.ResourceWork.update;
import static io.switchboard.crud.grpc.ResourceWork.withBody;
import static io.switchboard.crud.grpc.ResourceWork.withQuery;

import io.switchboard.crud.kb.KbArticleInputs;
import io.switchboard.crud.kb.KbArticleStore;
import io.switchboard.protos.crud.v1.KbArticle;
import io.switchboard.protos.crud.v1.KbArticleServiceGrpcService;
import io.switchboard.protos.crud.v1.ListKbArticlesResponse;

/**
 * The gRPC service {@code switchboard.crud.v1.KbArticleService}, over the REST resource's store,
 * which hides unpublished articles from customers.
 */
final class KbArticleGrpcService {

  private final KbArticleStore store;

  KbArticleGrpcService(KbArticleStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    KbArticle reply = KbArticle.getDefaultInstance();
    calls.read(
        KbArticleServiceGrpcService.GetKbArticle,
        reply,
        RoleChecks.EVERYONE,
        onId((tx, caller, id) -> store.find(tx, caller, id).map(a -> a.toJson())));
    calls.read(
        KbArticleServiceGrpcService.ListKbArticles,
        ListKbArticlesResponse.getDefaultInstance(),
        RoleChecks.EVERYONE,
        withQuery(
            KbArticleInputs::list,
            (tx, caller, query) ->
                store
                    .list(tx, caller, query)
                    .map(
                        p ->
                            ResourceCalls.page(
                                "kb_articles", p.items(), p.next(), a -> a.toJson()))));
    calls.create(
        KbArticleServiceGrpcService.CreateKbArticle,
        reply,
        RoleChecks.EDITORS,
        withBody(
            KbArticleInputs::create,
            (tx, caller, created) -> store.create(tx, caller, created).map(a -> a.toJson())));
    calls.write(
        KbArticleServiceGrpcService.UpdateKbArticle,
        reply,
        RoleChecks.EDITORS,
        update(
            KbArticleInputs::change,
            (tx, caller, id, version, change) ->
                store.update(tx, caller, id, version, change).map(a -> a.toJson())));
    calls.write(
        KbArticleServiceGrpcService.DeleteKbArticle,
        NOTHING,
        RoleChecks.EDITORS,
        onId((tx, caller, id) -> store.delete(tx, caller, id).map(ResourceCalls::none)));
  }
}
