package io.switchboard.crud.grpc;

import com.google.protobuf.Empty;
import io.switchboard.crud.grpc.ResourceCalls.Statements;
import io.switchboard.crud.kb.KbArticleInputs;
import io.switchboard.crud.kb.KbArticleStore;
import io.switchboard.protos.crud.v1.CreateKbArticleRequest;
import io.switchboard.protos.crud.v1.DeleteKbArticleRequest;
import io.switchboard.protos.crud.v1.GetKbArticleRequest;
import io.switchboard.protos.crud.v1.KbArticle;
import io.switchboard.protos.crud.v1.KbArticleServiceGrpcService;
import io.switchboard.protos.crud.v1.ListKbArticlesRequest;
import io.switchboard.protos.crud.v1.ListKbArticlesResponse;
import io.switchboard.protos.crud.v1.UpdateKbArticleRequest;
import java.util.UUID;

/**
 * The gRPC service {@code switchboard.crud.v1.KbArticleService}, over the REST resource's store,
 * which hides unpublished articles from customers.
 */
final class KbArticleGrpcService {

  private static final KbArticle REPLY = KbArticle.getDefaultInstance();

  private final KbArticleStore store;

  KbArticleGrpcService(KbArticleStore store) {
    this.store = store;
  }

  /** Binds every method of the service. */
  void bind(ResourceCalls calls) {
    calls.read(KbArticleServiceGrpcService.GetKbArticle, REPLY, RoleChecks.EVERYONE, this::get);
    calls.read(
        KbArticleServiceGrpcService.ListKbArticles,
        ListKbArticlesResponse.getDefaultInstance(),
        RoleChecks.EVERYONE,
        this::list);
    calls.create(
        KbArticleServiceGrpcService.CreateKbArticle, REPLY, RoleChecks.EDITORS, this::create);
    calls.write(
        KbArticleServiceGrpcService.UpdateKbArticle, REPLY, RoleChecks.EDITORS, this::update);
    calls.write(
        KbArticleServiceGrpcService.DeleteKbArticle,
        Empty.getDefaultInstance(),
        RoleChecks.EDITORS,
        this::delete);
  }

  private Statements get(CallInput<GetKbArticleRequest> call) {
    UUID id = call.id();
    return tx -> store.find(tx, call.caller(), id).map(article -> article.toJson());
  }

  private Statements list(CallInput<ListKbArticlesRequest> call) {
    KbArticleInputs.ListQuery query = GrpcInputs.listQuery(call.message(), KbArticleInputs::list);
    return tx ->
        store
            .list(tx, call.caller(), query)
            .map(
                page ->
                    ResourceCalls.page("kb_articles", page.items(), page.next(), a -> a.toJson()));
  }

  private Statements create(CallInput<CreateKbArticleRequest> call) {
    KbArticleInputs.Fields created = KbArticleInputs.create(call.body());
    return tx -> store.create(tx, call.caller(), created).map(article -> article.toJson());
  }

  private Statements update(CallInput<UpdateKbArticleRequest> call) {
    UUID id = call.id();
    long version = call.expectedVersion();
    KbArticleInputs.Fields change = KbArticleInputs.change(call.body());
    return tx ->
        store.update(tx, call.caller(), id, version, change).map(article -> article.toJson());
  }

  private Statements delete(CallInput<DeleteKbArticleRequest> call) {
    UUID id = call.id();
    return tx -> store.delete(tx, call.caller(), id).map(ResourceCalls::none);
  }
}
