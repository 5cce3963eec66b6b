# What both environments share in the one AWS account: the image registry (staging pushes an
# image once, production runs the very same digest) and the GitHub OIDC trust with one deploy
# role per environment. Apply this after the bootstrap and before the environments.

module "ecr" {
  source = "../../modules/ecr"

  repository_names = ["gv-playground-backend", "gv-playground-frontend"]
}

module "github_oidc" {
  source = "../../modules/github-oidc"

  github_owner         = var.github_owner
  github_repository    = var.github_repository
  create_oidc_provider = var.create_github_oidc_provider
  ecr_repository_arns  = values(module.ecr.repository_arns)

  # Cluster names follow gv-playground-<environment>, the name envs/<environment> gives its cluster.
  environments = {
    staging = {
      eks_cluster_name = "gv-playground-staging"
      ecr_push         = true
    }
    production = {
      eks_cluster_name = "gv-playground-production"
      ecr_push         = false
    }
  }
}
