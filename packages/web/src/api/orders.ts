import { ChangeOrderStatusRequest, type OrderId, type OrderStatus, type RestaurantId } from "@ardine/domain"
import { call } from "./client.js"

export const listOrders = (restaurantId: RestaurantId) =>
  call((api) => api.orders.list({ path: { restaurantId }, urlParams: {} }))
export const changeOrderStatus = (restaurantId: RestaurantId, orderId: OrderId, status: OrderStatus) =>
  call((api) =>
    api.orders.changeStatus({ path: { restaurantId, orderId }, payload: new ChangeOrderStatusRequest({ status }) }),
  )
export const markOrderPaid = (restaurantId: RestaurantId, orderId: OrderId) =>
  call((api) => api.orders.markPaid({ path: { restaurantId, orderId } }))
