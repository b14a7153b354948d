module github.com/netfabric-io/terraform-provider-hedgehog

go 1.25.8

require (
	github.com/hashicorp/terraform-plugin-framework v1.19.0 // indirect
	github.com/hashicorp/terraform-plugin-framework-validators v0.19.0 // indirect
	github.com/hashicorp/terraform-plugin-go v0.31.0 // indirect
	github.com/hashicorp/terraform-plugin-testing v1.16.0 // indirect
	github.com/netbox-community/go-netbox/v4 v4.3.0 // indirect
	gopkg.in/validator.v2 v2.0.1 // indirect
)
